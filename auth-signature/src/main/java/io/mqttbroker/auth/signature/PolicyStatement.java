package io.mqttbroker.auth.signature;

import java.util.List;

/**
 * One statement of an access key policy, as in the admin API:
 * {@code {"effect": "Allow"|"Deny", "actions": ["mq:PUB","mq:SUB"], "resources": ["topic/<filter>"|"group/<GroupId>"]}}.
 */
public record PolicyStatement(String effect, List<String> actions, List<String> resources) {
  public PolicyStatement {
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
  }
}
