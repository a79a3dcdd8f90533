package io.pushgate.observability;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@link TargetStatus} of every configured target of this node, by name; immutable, its entries thread-safe. */
public final class TargetStatuses {

  private final Map<String, TargetStatus> byName;

  public TargetStatuses(Collection<String> targetNames) {
    this.byName = targetNames.stream()
        .collect(Collectors.toUnmodifiableMap(Function.identity(), TargetStatus::new));
  }

  /** The status of {@code target}, a configured target's name. */
  public TargetStatus of(String target) {
    TargetStatus status = byName.get(target);
    if (status == null) {
      throw new IllegalArgumentException("not a configured target: " + target);
    }
    return status;
  }

  /** Every target's status, sorted by name. */
  public Collection<TargetStatus> all() {
    return new TreeMap<>(byName).values();
  }
}
