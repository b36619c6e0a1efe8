package io.mqttbroker.store.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RelayCursorTest {
  private final RelayCursor cursor = new RelayCursor();

  @Test
  void theLogBeforeTheFirstListenIsHistoryButLateCommitsBelowItAreNew() {
    assertFalse(cursor.started());
    cursor.start(40);
    assertTrue(cursor.started());
    assertEquals(40, cursor.replayAfter(), "a replay never reaches into the history");
    // Committed after LISTEN with a number taken before the baseline was read: heard live, handed on once.
    assertTrue(cursor.firstSight(39));
    assertEquals(40, cursor.replayAfter());
  }

  @Test
  void anEntryHeardLiveAndReadAgainInAReplayIsHandedOnOnce() {
    cursor.start(0);
    assertTrue(cursor.firstSight(1));
    assertTrue(cursor.firstSight(3));
    assertFalse(cursor.firstSight(1));
    assertFalse(cursor.firstSight(3));
    // 2 took its number before 3 and committed after it: still new, and replays still reach back to it.
    assertEquals(0, cursor.replayAfter());
    assertTrue(cursor.firstSight(2));
    assertFalse(cursor.firstSight(2));
  }

  @Test
  void aReplayReachesBackTheReorderMarginAndForgetsWhatLiesBehindIt() {
    cursor.start(0);
    long last = 3 * RelayCursor.REORDER_MARGIN;
    for (long seq = 1; seq <= last; seq++) {
      assertTrue(cursor.firstSight(seq));
    }
    assertEquals(last - RelayCursor.REORDER_MARGIN, cursor.replayAfter());
    // What a replay reads (after replayAfter) is still known; nothing older is read again.
    for (long seq = cursor.replayAfter() + 1; seq <= last; seq++) {
      assertFalse(cursor.firstSight(seq), "seq " + seq);
    }
  }
}
