package io.mqttbroker.auth.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.CustomAuthException.Kind;
import io.mqttbroker.auth.custom.blacklist.ConnectBlackEntry;
import io.mqttbroker.auth.custom.blacklist.ConnectBlacklistService;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectBlacklistServiceTest {
  @TempDir Path dir;
  CustomAuthFixture fx;
  ConnectBlacklistService blacklist;

  @BeforeEach
  void start() {
    fx = new CustomAuthFixture(dir);
    blacklist = fx.auth.blacklist();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void addBlacklistsAndClosesTheLiveConnectionOfThatClientId() {
    assertFalse(blacklist.isBlacklisted("GID_a@@@1"));

    ConnectBlackEntry entry = blacklist.add("GID_a@@@1");

    assertEquals("GID_a@@@1", entry.clientId());
    assertTrue(blacklist.isBlacklisted("GID_a@@@1"), "in memory at once");
    assertFalse(blacklist.isBlacklisted("GID_a@@@2"));
    assertEquals(List.of(Revocation.close("clientId:GID_a@@@1", "client id blacklisted")), fx.revocations);
  }

  @Test
  void aNodeThatStartsLaterLoadsTheWholeListAndAnswersWithoutTheStore() {
    blacklist.add("GID_a@@@1");
    blacklist.add("GID_a@@@2");
    blacklist.delete("GID_a@@@2");

    ConnectBlacklistService later =
        CustomAuth.start(fx.database, fx.secrets, new InMemoryRevocationBus(), fx.clock, 10_000).blacklist();
    fx.database.close();

    assertTrue(later.isBlacklisted("GID_a@@@1"));
    assertFalse(later.isBlacklisted("GID_a@@@2"));
    assertFalse(later.isBlacklisted("GID_a@@@3"));
  }

  @Test
  void addingTwiceIsADuplicate() {
    blacklist.add("GID_a@@@1");

    CustomAuthException e = assertThrows(CustomAuthException.class, () -> blacklist.add("GID_a@@@1"));

    assertEquals(Kind.DUPLICATE, e.kind());
    assertEquals("InvalidParameter.Duplicate", e.code());
  }

  @Test
  void deleteLiftsTheBanAndAMissingEntryIsNotFound() {
    blacklist.add("GID_a@@@1");
    assertTrue(blacklist.isBlacklisted("GID_a@@@1"));

    blacklist.delete("GID_a@@@1");

    assertFalse(blacklist.isBlacklisted("GID_a@@@1"));
    CustomAuthException e = assertThrows(CustomAuthException.class, () -> blacklist.delete("GID_a@@@1"));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals("CustomAuthConnectBlackNotFound", e.code());
    assertEquals("InvalidParameter.ClientId",
        assertThrows(CustomAuthException.class, () -> blacklist.add(" ")).code());
  }

  @Test
  void queryFiltersByClientIdAndPagesPastAHundred() {
    for (int i = 0; i < 120; i++) {
      blacklist.add(String.format("GID_b@@@%03d", i));
    }

    ResultPage<ConnectBlackEntry> one = blacklist.query(Optional.of("GID_b@@@007"), PageQuery.first(10));
    assertEquals(1, one.total());
    assertEquals("GID_b@@@007", one.results().get(0).clientId());

    List<String> all = new ArrayList<>();
    ResultPage<ConnectBlackEntry> page = blacklist.query(Optional.empty(), PageQuery.first(100));
    page.results().forEach(e -> all.add(e.clientId()));
    assertEquals(120, page.total());
    page = blacklist.query(Optional.empty(), new PageQuery(100, page.nextToken()));
    page.results().forEach(e -> all.add(e.clientId()));
    assertEquals(Optional.empty(), page.nextToken());
    assertEquals(120, all.size());
    assertEquals(all.stream().sorted().toList(), all);
    assertEquals(120, all.stream().distinct().count());
  }
}
