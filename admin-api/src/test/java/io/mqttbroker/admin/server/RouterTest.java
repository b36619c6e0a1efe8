package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static Route route(String method, String template) {
    return Route.open(method, template, request -> AdminResponse.noContent());
  }

  private static List<String> segments(String path) {
    return RequestTarget.parse(path).segments();
  }

  private final Router router = new Router(List.of(
      route("GET", "/a/{x}"),
      route("POST", "/a/b"),
      route("GET", "/a/{x}/c/{y}"),
      route("DELETE", "/a/b/c/{y}"),
      route("GET", "/health")));

  @Test
  void givenTemplate_thenParamsAreCaptured() {
    RouteMatch.Found found = assertInstanceOf(RouteMatch.Found.class, router.match("GET", segments("/a/1/c/2")));

    assertEquals(Map.of("x", "1", "y", "2"), found.params());
  }

  @Test
  void givenLiteralForOtherMethod_thenTemplateStillAnswersThisMethod() {
    RouteMatch.Found found = assertInstanceOf(RouteMatch.Found.class, router.match("GET", segments("/a/b")));

    assertEquals("/a/{x}", found.route().pathTemplate());
    assertEquals("/a/b", ((RouteMatch.Found) router.match("POST", segments("/a/b"))).route().pathTemplate());
  }

  @Test
  void givenKnownPathWrongMethod_thenAllowedMethodsOfAllMatchingTemplates() {
    RouteMatch.WrongMethod wrong = assertInstanceOf(RouteMatch.WrongMethod.class,
        router.match("PUT", segments("/a/b/c/9")));

    assertEquals(Set.of("GET", "DELETE"), wrong.allowed());
  }

  @Test
  void givenUnknownOrEmptySegment_thenNoSuchPath() {
    assertInstanceOf(RouteMatch.NoSuchPath.class, router.match("GET", segments("/a")));
    assertInstanceOf(RouteMatch.NoSuchPath.class, router.match("GET", segments("/a/")));
    assertInstanceOf(RouteMatch.NoSuchPath.class, router.match("GET", segments("/health/x")));
  }

  @Test
  void givenDuplicateOrBadTemplates_thenConstructionFails() {
    assertThrows(IllegalArgumentException.class, () -> new Router(List.of(route("GET", "/a/{x}"),
        route("GET", "/a/{y}"))));
    assertThrows(IllegalArgumentException.class, () -> new Router(List.of(route("GET", "a/b"))));
    assertThrows(IllegalArgumentException.class, () -> new Router(List.of(route("GET", "/a/x{y}"))));
    assertThrows(IllegalArgumentException.class, () -> new Router(List.of(route("GET", "/a/{y}/{y}"))));
  }
}
