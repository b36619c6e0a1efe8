package io.mqttbroker.server.devicecredential;

import static io.mqttbroker.server.devicecredential.Devices.BASE;
import static io.mqttbroker.server.devicecredential.Devices.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.RunningBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ListDeviceCredentialClientId across more than 100 credentials: pages, group filter, total, bad paging input. */
class DeviceCredentialListTest {
  private static final String GROUP = "GID_list";
  private static final int IN_GROUP = 137;
  private static RunningBroker broker;
  private static AdminClient admin;
  private static final TreeSet<String> inGroup = new TreeSet<>();
  private static final TreeSet<String> all = new TreeSet<>();

  @BeforeAll
  static void registerMany() {
    broker = RunningBroker.start();
    admin = broker.owner();
    for (int i = 0; i < IN_GROUP; i++) {
      inGroup.add(register(admin, GROUP + "@@@device-" + i).clientId());
    }
    all.addAll(inGroup);
    // Look-alike groups that a prefix or LIKE match would wrongly include ('_' is a LIKE wildcard), and ids without
    // any group.
    for (String other : List.of("GID_lists@@@a", "GID-list@@@b", "GIDxlist@@@c", "GID_list@@x", "GID_li@@@d",
        "no-group-1", "no-group-2")) {
      all.add(register(admin, other).clientId());
    }
    for (int i = 0; i < 12; i++) {
      all.add(register(admin, "GID_other@@@device-" + i).clientId());
    }
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aGroupIsListedPageByPageEachClientIdOnceWithTheTotal() {
    List<String> seen = pageThrough("groupId=" + GROUP, 100, IN_GROUP, 2);
    assertEquals(new ArrayList<>(inGroup), seen, "every client id of the group once, in ascending order");
  }

  @Test
  void withoutAGroupEveryCredentialIsListed() {
    assertEquals(new ArrayList<>(all), pageThrough("", 100, all.size(), 2));
    assertEquals(new ArrayList<>(all), pageThrough("", 7, all.size(), (all.size() + 6) / 7));
  }

  @Test
  void theDefaultPageSizeIs20AndAnUnknownGroupIsEmpty() {
    JsonNode first = admin.get(BASE + "?groupId=" + GROUP).body();
    assertEquals(20, first.path("results").size());
    assertEquals(IN_GROUP, first.path("total").asInt());
    assertFalse(first.path("nextToken").isNull());

    // Empty parameters, as in the contract's example, mean "not given".
    JsonNode empty = admin.get(BASE + "?groupId=&size=&nextToken=").body();
    assertEquals(20, empty.path("results").size());
    assertEquals(all.size(), empty.path("total").asInt());

    AdminClient.Answer none = admin.get(BASE + "?groupId=GID_nobody&size=100");
    assertEquals(200, none.status(), none.raw());
    assertEquals(0, none.body().path("results").size());
    assertEquals(0, none.body().path("total").asInt());
    assertTrue(none.body().path("nextToken").isNull());
  }

  @Test
  void badPagingInputIsA400() {
    for (String size : List.of("0", "101", "-1", "ten")) {
      AdminClient.Answer a = admin.get(BASE + "?size=" + size);
      assertEquals(400, a.status(), a.raw());
      assertEquals("InvalidParameter.Size", a.text("code"));
    }
    AdminClient.Answer badToken = admin.get(BASE + "?nextToken=" + URLEncoder.encode("%%%not-a-token", 
        StandardCharsets.UTF_8));
    assertEquals(400, badToken.status(), badToken.raw());
    assertEquals("InvalidParameter.NextToken", badToken.text("code"));
  }

  /** Follows nextToken from the first page to the last, checking total and page sizes on the way. */
  private static List<String> pageThrough(String filter, int size, int total, int expectedPages) {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String query = "?size=" + size + (filter.isEmpty() ? "" : "&" + filter)
          + (token == null ? "" : "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      AdminClient.Answer a = admin.get(BASE + query);
      assertEquals(200, a.status(), a.raw());
      JsonNode page = a.body();
      assertEquals(total, page.path("total").asInt());
      page.path("results").forEach(id -> seen.add(id.asText()));
      pages++;
      token = page.path("nextToken").isNull() ? null : page.path("nextToken").asText();
      assertTrue(token != null ? page.path("results").size() == size : page.path("results").size() <= size);
    } while (token != null && pages <= expectedPages);
    assertEquals(expectedPages, pages);
    return seen;
  }
}
