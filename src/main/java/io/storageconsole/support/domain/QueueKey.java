package io.storageconsole.support.domain;

import java.time.Instant;

/** Where a page of a queue (newest first) starts or ends: the time, and the id among equal times. */
public record QueueKey(Instant at, long id) {
}
