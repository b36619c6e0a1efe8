package io.mqttbroker.admin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * The one JSON mapper of the admin API: strict on input (unknown fields, wrong types and bad JSON are 400 errors
 * that name the field), camelCase records on output.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  static {
    // A number or boolean where text is expected is a wrong type, not text: {"clientId": 42} must not become "42".
    MAPPER.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
  }

  private Json() {}

  /**
   * Parses the request body into {@code type} (usually a record); a missing body is an empty object. The JSON literal
   * {@code null} gives {@code null}.
   */
  public static <T> T read(AdminRequest request, Class<T> type) {
    byte[] body = request.body().length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : request.body();
    try {
      // Syntax first, so that what is not one JSON value (e.g. trailing data after it) is InvalidJson, never a
      // complaint about the shape of a field.
      MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("InvalidJson", "request body is not valid JSON");
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest("InvalidParameter", "unknown field '" + e.getPropertyName() + "'");
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw ApiException.badRequest("InvalidParameter", "field '" + (field == null ? "body" : field)
          + "' has the wrong type or shape");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("InvalidJson", "request body is not valid JSON");
    } catch (IOException e) {
      throw ApiException.badRequest("InvalidJson", "request body cannot be read");
    }
  }

  /** Fails with 400 {@code MissingParameter} naming {@code field} when {@code value} is null or blank. */
  public static <T> T required(T value, String field) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw ApiException.badRequest("MissingParameter", "field '" + field + "' is required");
    }
    return value;
  }
}
