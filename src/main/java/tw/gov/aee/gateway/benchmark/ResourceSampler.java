package tw.gov.aee.gateway.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the process's heap in use every 100 ms (the peak of the samples), and reads the peak
 * resident set size and the CPU time the process has used from the operating system.
 */
final class ResourceSampler {

    private volatile boolean running;
    private volatile long peakHeap;
    private Thread thread;

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "benchmark-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    long peakHeap() {
        return peakHeap;
    }

    /** VmHWM of /proc/self/status (Linux), in bytes; 0 elsewhere. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
