package io.mqttbroker.admin.http;

import java.util.List;

/** The answer of every list operation: {@code {"results": [...], "nextToken": "..." | null, "total": N}}. */
public record Page<T>(List<T> results, String nextToken, long total) {}
