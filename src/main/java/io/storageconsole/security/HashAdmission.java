package io.storageconsole.security;

/**
 * How many password hashes run at once and how many sign-ins may wait for one, checked against
 * the web server's threads when the console starts (decisions 0041 and 0045): a flood of sign-ins
 * may hold at most {@code concurrentHashes + queue} threads, so those must stay at most half of
 * Tomcat's, whatever the host's processor count.
 *
 * @param concurrentHashes hashes at once: one per processor, at most {@link #MOST_BY_DEFAULT} unless configured
 * @param queue            sign-ins that may wait for a hash; any more are answered busy at once
 */
record HashAdmission(int concurrentHashes, int queue) {

    /** Beyond this, more processors add Argon2 memory (16 MB each, decision 0040) more than needed throughput. */
    static final int MOST_BY_DEFAULT = 16;

    /**
     * @param configuredHashes {@code console.sign-in.concurrent-hashes}, 0 for one per processor up to {@link #MOST_BY_DEFAULT}
     * @throws IllegalStateException naming the settings to change when a flood could take more than half of the threads
     */
    static HashAdmission of(int processors, int configuredHashes, int queue, int serverThreads) {
        if (configuredHashes < 0 || queue < 0) {
            throw new IllegalStateException("console.sign-in.concurrent-hashes and console.sign-in.hash-queue must not be negative");
        }
        int hashes = configuredHashes > 0 ? configuredHashes : Math.max(1, Math.min(processors, MOST_BY_DEFAULT));
        if (hashes + queue > serverThreads / 2) {
            throw new IllegalStateException(("%d password hashes at once (console.sign-in.concurrent-hashes) plus %d waiting"
                    + " (console.sign-in.hash-queue) is more than half of the %d threads of server.tomcat.threads.max:"
                    + " a flood of sign-ins could hold the threads every other page needs (decision 0041)."
                    + " Lower one of the first two or raise the third.").formatted(hashes, queue, serverThreads));
        }
        return new HashAdmission(hashes, queue);
    }
}
