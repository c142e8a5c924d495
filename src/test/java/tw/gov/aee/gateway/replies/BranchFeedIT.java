package tw.gov.aee.gateway.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.replies.BranchFeed.Feed;

/**
 * The feed positions' promise, with real transactions on the real database: a position is handed
 * out only once the transaction holding the previous one has ended, so positions become visible
 * in order (what makes them a cursor that skips nothing). Branch codes here are made up: the
 * counter has no reference to the directory.
 */
@GatewayIntegrationTest
class BranchFeedIT {

    @Autowired BranchFeed feed;
    @Autowired TransactionTemplate tx;

    /** A position taken in a transaction of its own, committed. */
    long takeAlone(String branch, Feed f) {
        Long p = tx.execute(status -> feed.take(branch, f));
        return p;
    }

    @Test
    void aSecondWriterGetsTheNextPositionOnlyOnceTheFirstHasCommitted() throws Exception {
        String branch = "FEEDA";
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        AtomicBoolean firstCommitting = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = writers.submit(() -> tx.execute(status -> {
                long p = feed.take(branch, Feed.REPLY);
                taken.countDown();
                try {
                    assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                firstCommitting.set(true);
                return p;
            }));
            assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> secondSawFirstCommitted = writers.submit(() -> tx.execute(status -> {
                feed.take(branch, Feed.REPLY);
                return firstCommitting.get();
            }));
            // well below H2's lock timeout (2 s): the second writer is waiting for the first's lock
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !secondSawFirstCommitted.isDone());
            long last = feed.last(branch, Feed.REPLY);
            commit.countDown();
            long p1 = first.get(30, TimeUnit.SECONDS);
            assertThat(secondSawFirstCommitted.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(last).as("an uncommitted position is not the last one").isEqualTo(p1 - 1);
            assertThat(feed.last(branch, Feed.REPLY)).isEqualTo(p1 + 1);
        } finally {
            commit.countDown();
            // never shutdownNow: interrupting a thread inside H2's file I/O closes the shared database
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aNewFeedsCounterIsCreatedByItsFirstTakeEvenWhenTwoWritersTakeFirstAtOnce() throws Exception {
        String branch = "FN" + System.nanoTime() % 1_000_000; // a feed no test has taken from
        assertThat(feed.last(branch, Feed.REPLY)).isZero();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<Long> a = writers.submit(() -> {
                start.await();
                return takeAlone(branch, Feed.REPLY);
            });
            Future<Long> b = writers.submit(() -> {
                start.await();
                return takeAlone(branch, Feed.REPLY);
            });
            start.countDown();
            assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(1L, 2L);
            assertThat(feed.last(branch, Feed.REPLY)).isEqualTo(2);
            assertThat(takeAlone(branch, Feed.REPLY)).isEqualTo(3);
        } finally {
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aRolledBackPositionIsHandedOutAgainAndFeedsAndBranchesCountApart() {
        String branch = "FEEDB";
        long before = feed.last(branch, Feed.OVERDUE);
        tx.executeWithoutResult(status -> {
            assertThat(feed.take(branch, Feed.OVERDUE)).isEqualTo(before + 1);
            status.setRollbackOnly();
        });
        assertThat(takeAlone(branch, Feed.OVERDUE)).isEqualTo(before + 1);
        long otherFeed = feed.last(branch, Feed.REPLY);
        long otherBranch = feed.last("FEEDC", Feed.OVERDUE);
        assertThat(takeAlone(branch, Feed.REPLY)).isEqualTo(otherFeed + 1);
        assertThat(takeAlone("FEEDC", Feed.OVERDUE)).isEqualTo(otherBranch + 1);
        assertThat(feed.last(branch, Feed.OVERDUE)).isEqualTo(before + 1);
    }
}
