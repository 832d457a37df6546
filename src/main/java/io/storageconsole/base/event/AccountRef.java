package io.storageconsole.base.event;

/** Who an event is about or by: enough to audit and to mail without another lookup. */
public record AccountRef(Long id, String email) {
}
