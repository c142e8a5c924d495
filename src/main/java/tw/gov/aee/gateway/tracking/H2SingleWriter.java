package tw.gov.aee.gateway.tracking;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One writing transaction at a time in the embedded H2 database, so that a crash cannot leave
 * part of a transaction in its file.
 *
 * <p>Why: H2's MVStore saves its maps one after another, not at one instant, while other
 * sessions go on changing them. A save that runs while another session is between a change and
 * its undo-log entry, or halfway through its commit, puts that half in the file, and after a
 * kill -9 the half reads as committed: a row changed without the index entries and history rows
 * of the same transaction (H2 issue #2080, open; reproduced here on 2.3.232, 2.4.240 and 2.5.252,
 * see README "Crash safety"). With one writer at a time every save H2 makes finds no other session
 * in the middle of a change: with {@code WRITE_DELAY=0} H2 saves in the committing session itself
 * (holding the lock), a writer's own statement may save when its unsaved memory runs high
 * (holding it too), and {@link H2Housekeeping}'s compaction takes it before it saves.
 *
 * <p>How: the data source hands out connections that take the writer lock at the first statement
 * that may change anything (all but a plain {@code SELECT}: INSERT, UPDATE, DELETE, MERGE, DDL, a
 * {@code SELECT ... FOR UPDATE}, which locks rows) and give it back when the transaction ends —
 * commit, rollback, close, auto-commit switched on — or, in auto-commit mode, when the statement
 * has run. Reads never wait. The lock is the thread's (reentrant): a transaction that opens
 * another one on its thread (REQUIRES_NEW) is not blocked by itself. A writer that waits longer
 * than {@code gateway.h2.writer-wait} gets an {@link SQLTransientException} and its work is retried
 * as any failed transaction is. Only an embedded H2 database is wrapped; PostgreSQL (production)
 * writes concurrently and keeps its own write-ahead log.
 */
public final class H2SingleWriter {

    /** A statement that reads only: SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW — and never FOR UPDATE. */
    private static final Pattern READ = Pattern.compile("^(?:SELECT|WITH|VALUES|TABLE|EXPLAIN|SHOW)\\b");
    private static final Pattern LOCKS_ROWS = Pattern.compile("\\bFOR\\s+UPDATE\\b");
    private static final int REMEMBERED_STATEMENTS = 4096;

    private final ReentrantLock writer = new ReentrantLock();
    private final long waitNanos;
    private final Map<String, Boolean> changes = new ConcurrentHashMap<>();

    public H2SingleWriter(Duration wait) {
        this.waitNanos = wait.toNanos();
    }

    /** Whether {@code dataSource} is an embedded H2 database (file or memory), the one this protects. */
    public static boolean isEmbeddedH2(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource h) || h.getJdbcUrl() == null) {
            return false;
        }
        String url = h.getJdbcUrl().toLowerCase(Locale.ROOT);
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    /** {@code target} with connections that write one transaction at a time. */
    public DataSource wrap(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                return track(super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return track(super.getConnection(username, password));
            }

            @Override
            public String toString() {
                return "H2SingleWriter(" + target + ")";
            }
        };
    }

    /**
     * Runs {@code work} as the only writer if the lock is free within {@code patience}.
     * @return what {@code work} returned, or false when the lock was busy
     */
    public boolean tryAlone(Duration patience, BooleanSupplier work) {
        try {
            if (!writer.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return work.getAsBoolean();
        } finally {
            writer.unlock();
        }
    }

    /** Whether another thread is writing now (for tests and diagnostics). */
    public boolean isWriting() {
        return writer.isLocked();
    }

    /** Whether {@code sql} may change the database (or lock rows): anything but a plain read. */
    boolean mayChange(String sql) {
        Boolean known = changes.get(sql);
        if (known != null) {
            return known;
        }
        String text = stripLeadingComments(sql).toUpperCase(Locale.ROOT);
        boolean change = !READ.matcher(text).find() || LOCKS_ROWS.matcher(text).find();
        if (changes.size() < REMEMBERED_STATEMENTS) {
            changes.put(sql, change);
        }
        return change;
    }

    private static String stripLeadingComments(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int end = s.indexOf('\n');
                s = end < 0 ? "" : s.substring(end + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else if (s.startsWith("(")) {
                s = s.substring(1).strip(); // (SELECT ...) UNION (SELECT ...)
            } else {
                return s;
            }
        }
    }

    private Connection track(Connection target) {
        return (Connection) Proxy.newProxyInstance(H2SingleWriter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new TrackedConnection(target));
    }

    private void acquire() throws SQLException {
        try {
            if (!writer.tryLock(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new SQLTransientException("waited " + Duration.ofNanos(waitNanos)
                        + " for the embedded database's single writer (gateway.h2.writer-wait); the work will be retried",
                        "HYT00");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for the embedded database's single writer", e);
        }
    }

    /** A proxy's own identity and JDBC's {@code Wrapper} methods; anything else goes to {@code target}. */
    private static Object wrapperOrCall(Object proxy, Object target, Method m, Object[] args) throws Throwable {
        return switch (m.getName()) {
            case "unwrap" -> ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(target, m, args);
            case "isWrapperFor" -> ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(target, m, args);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> call(target, m, args);
        };
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A connection, used by one thread at a time (as JDBC connections from a pool are). */
    private final class TrackedConnection implements InvocationHandler {

        private final Connection target;
        private boolean holding;

        TrackedConnection(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "createStatement", "prepareStatement", "prepareCall" -> {
                    Statement statement = (Statement) call(target, m, args);
                    String sql = m.getName().equals("createStatement") ? null : (String) args[0];
                    return Proxy.newProxyInstance(H2SingleWriter.class.getClassLoader(),
                            new Class<?>[] {m.getReturnType()}, new TrackedStatement(this, (Connection) proxy, statement, sql));
                }
                case "commit", "close" -> {
                    try {
                        return call(target, m, args);
                    } finally {
                        release();
                    }
                }
                case "rollback" -> {
                    try {
                        return call(target, m, args);
                    } finally {
                        if (args == null || args.length == 0) {
                            release(); // a rollback to a savepoint keeps the transaction going
                        }
                    }
                }
                case "setAutoCommit" -> {
                    Object result = call(target, m, args);
                    if ((Boolean) args[0]) {
                        release(); // switching auto-commit on commits the open transaction
                    }
                    return result;
                }
                case "toString" -> {
                    return "H2SingleWriter(" + target + ")";
                }
                default -> {
                    return wrapperOrCall(proxy, target, m, args);
                }
            }
        }

        void beforeWrite() throws SQLException {
            if (!holding) {
                acquire();
                holding = true;
            }
        }

        /** After a changing statement: in auto-commit mode it committed itself. */
        void afterWrite() {
            boolean autoCommit;
            try {
                autoCommit = target.getAutoCommit();
            } catch (SQLException closed) {
                autoCommit = true;
            }
            if (autoCommit) {
                release();
            }
        }

        void release() {
            if (holding) {
                holding = false;
                writer.unlock();
            }
        }
    }

    private final class TrackedStatement implements InvocationHandler {

        private final TrackedConnection connection;
        private final Connection connectionProxy;
        private final Statement target;
        private final String sql;
        private boolean batchChanges;

        TrackedStatement(TrackedConnection connection, Connection connectionProxy, Statement target, String sql) {
            this.connection = connection;
            this.connectionProxy = connectionProxy;
            this.target = target;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.startsWith("execute")) {
                boolean write = changes(name, args);
                if (write) {
                    connection.beforeWrite();
                }
                try {
                    return call(target, m, args);
                } finally {
                    if (write) {
                        connection.afterWrite();
                    }
                }
            }
            switch (name) {
                case "addBatch" -> {
                    if (args != null && args.length == 1 && args[0] instanceof String s) {
                        batchChanges |= mayChange(s);
                    }
                    return call(target, m, args);
                }
                case "getConnection" -> {
                    return connectionProxy;
                }
                default -> {
                    return wrapperOrCall(proxy, target, m, args);
                }
            }
        }

        private boolean changes(String method, Object[] args) {
            if (method.equals("executeBatch") || method.equals("executeLargeBatch")) {
                return sql == null ? batchChanges : mayChange(sql);
            }
            if (args != null && args.length > 0 && args[0] instanceof String text) {
                return mayChange(text); // Statement.execute(sql, ...)
            }
            return sql == null || mayChange(sql);
        }
    }
}
