package io.mqttbroker.admin.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3.0.3 contract of the admin API: the base document ({@code openapi/openapi.json}: info, servers,
 * security, shared schemas, the server's own paths) merged with one fragment per feature
 * ({@code openapi/paths/<feature>.json}, each {@code {"paths": {...}, "components": {"schemas": {...}}}}). A missing
 * fragment is skipped; a fragment that redefines an operation, or a component differently, is an error, so two
 * features cannot silently overwrite each other. {@link #undocumented} and {@link #unimplemented} compare the
 * document with the routes, method by method, so a test fails when they drift apart.
 */
public final class OpenApiDocument {
  /** The feature fragments merged into the base, in this order. */
  public static final List<String> FEATURES = List.of("access-keys", "tokens", "device-credentials", "custom-auth");

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");

  private final ClassLoader loader;
  private final String root;
  private final List<String> features;

  /** One operation of the API, written {@code GET /path/{param}}. */
  public record Endpoint(String method, String path) implements Comparable<Endpoint> {
    @Override
    public int compareTo(Endpoint other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /**
   * A document read from {@code <root>/openapi.json} and {@code <root>/paths/<feature>.json} on {@code loader}'s
   * class path.
   */
  public OpenApiDocument(ClassLoader loader, String root, List<String> features) {
    this.loader = loader;
    this.root = root;
    this.features = List.copyOf(features);
  }

  /** The shipped document: {@code openapi/} on this module's class path, with every feature fragment. */
  public static OpenApiDocument shipped() {
    return new OpenApiDocument(OpenApiDocument.class.getClassLoader(), "openapi", FEATURES);
  }

  /** The merged document (a fresh copy each call). */
  public ObjectNode load() {
    ObjectNode document = read(root + "/openapi.json")
        .orElseThrow(() -> new IllegalStateException(root + "/openapi.json is missing"));
    for (String feature : features) {
      String name = root + "/paths/" + feature + ".json";
      read(name).ifPresent(fragment -> merge(document, fragment, name));
    }
    return document;
  }

  /** Routes the document does not describe (method and template). */
  public List<Endpoint> undocumented(List<Route> routes) {
    Set<Endpoint> documented = endpoints(load());
    Set<Endpoint> missing = new TreeSet<>();
    for (Route route : routes) {
      Endpoint endpoint = new Endpoint(route.method().toUpperCase(Locale.ROOT), route.pathTemplate());
      if (!documented.contains(endpoint)) {
        missing.add(endpoint);
      }
    }
    return List.copyOf(missing);
  }

  /** Operations the document names that no route implements. */
  public List<Endpoint> unimplemented(List<Route> routes) {
    Set<Endpoint> implemented = new TreeSet<>();
    routes.forEach(r -> implemented.add(new Endpoint(r.method().toUpperCase(Locale.ROOT), r.pathTemplate())));
    Set<Endpoint> missing = new TreeSet<>(endpoints(load()));
    missing.removeAll(implemented);
    return List.copyOf(missing);
  }

  /** Every local {@code $ref} of the merged document that points at nothing (should be empty). */
  public List<String> unresolvedReferences() {
    ObjectNode document = load();
    Set<String> unresolved = new TreeSet<>();
    collectReferences(document, document, unresolved);
    return List.copyOf(unresolved);
  }

  private static Set<Endpoint> endpoints(ObjectNode document) {
    Set<Endpoint> endpoints = new TreeSet<>();
    JsonNode paths = document.path("paths");
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (METHODS.contains(operation.getKey())) {
          endpoints.add(new Endpoint(operation.getKey().toUpperCase(Locale.ROOT), path.getKey()));
        }
      }
    }
    return endpoints;
  }

  private static void merge(ObjectNode document, JsonNode fragment, String name) {
    for (Map.Entry<String, JsonNode> path : fragment.path("paths").properties()) {
      ObjectNode target = document.withObjectProperty("paths").withObjectProperty(path.getKey());
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (target.has(op.getKey()) && !target.get(op.getKey()).equals(op.getValue())) {
          throw new IllegalStateException(name + " redefines " + op.getKey() + " " + path.getKey());
        }
        target.set(op.getKey(), op.getValue().deepCopy());
      }
    }
    for (Map.Entry<String, JsonNode> kind : fragment.path("components").properties()) {
      ObjectNode target = document.withObjectProperty("components").withObjectProperty(kind.getKey());
      for (Map.Entry<String, JsonNode> item : kind.getValue().properties()) {
        if (target.has(item.getKey()) && !target.get(item.getKey()).equals(item.getValue())) {
          throw new IllegalStateException(name + " redefines components." + kind.getKey() + "." + item.getKey()
              + " differently");
        }
        target.set(item.getKey(), item.getValue().deepCopy());
      }
    }
  }

  private static void collectReferences(JsonNode node, JsonNode document, Set<String> unresolved) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String pointer = ref.asText();
        if (!pointer.startsWith("#/") || document.at(pointer.substring(1)).isMissingNode()) {
          unresolved.add(pointer);
        }
      }
    }
    node.elements().forEachRemaining(child -> collectReferences(child, document, unresolved));
  }

  private Optional<ObjectNode> read(String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      if (!(Json.MAPPER.readTree(in) instanceof ObjectNode node)) {
        throw new IllegalStateException(resource + " is not a JSON object");
      }
      return Optional.of(node);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
