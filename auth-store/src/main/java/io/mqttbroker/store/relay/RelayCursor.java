package io.mqttbroker.store.relay;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which entries of the relay log ({@code revocation_log}, by sequence number) this node has handed on, so that an entry
 * heard live and read again in a replay is handed on once, and where the next replay starts. Used by the listening
 * thread only.
 *
 * <p>A sequence number is taken when a sending transaction inserts its row and becomes visible when it commits, so a
 * lower number can commit after a higher one; a replay therefore reaches back {@link #REORDER_MARGIN} entries behind
 * the highest one seen. What was in the log before this node first listened is history, never replayed: its caches
 * started empty.
 */
final class RelayCursor {
  static final long REORDER_MARGIN = 1_000;

  private final NavigableSet<Long> seen = new TreeSet<>();
  private long floor = -1;
  private long highest;

  /** Whether {@link #start} was called (the node has listened once). */
  boolean started() {
    return floor >= 0;
  }

  /** Called when the node first listens: entries up to {@code latestInLog} are history. */
  void start(long latestInLog) {
    floor = latestInLog;
    highest = latestInLog;
  }

  /** A replay reads the entries after this sequence number. */
  long replayAfter() {
    return Math.max(floor, highest - REORDER_MARGIN);
  }

  /** Whether entry {@code seq} is new to this node (hand it on); remembers it. */
  boolean firstSight(long seq) {
    if (!seen.add(seq)) {
      return false;
    }
    highest = Math.max(highest, seq);
    // A replay never returns these again, so they need not be remembered.
    seen.headSet(replayAfter(), true).clear();
    return true;
  }
}
