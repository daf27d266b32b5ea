package dev.sectools.internal.secrets;

import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.RotationState;
import dev.sectools.secrets.SecretStatus;
import dev.sectools.secrets.VersionState;
import java.time.Instant;

/** Time-based rules: version lifetimes and rotation deadlines. */
final class Rotation {
  private Rotation() {}

  /** A live version past its secret's {@code deleteVersionAfter} counts as deleted. */
  static VersionState effectiveState(SecretRow row, VersionRow v, long nowMillis) {
    if (v.state == VersionState.LIVE && row.deleteAfterMillis > 0
        && nowMillis - v.createdMillis >= row.deleteAfterMillis) {
      return VersionState.DELETED;
    }
    return v.state;
  }

  /** Where a secret whose current version was written at {@code since} stands at {@code now}. */
  static SecretStatus status(String path, RotationPolicy policy, Instant since, Instant now) {
    Instant deadline = since.plus(policy.maxAge());
    RotationState state;
    if (!now.isBefore(deadline)) {
      state = RotationState.EXPIRED;
    } else if (!policy.warnings().isEmpty() && !now.isBefore(deadline.minus(policy.warnings().getFirst()))) {
      state = RotationState.DUE_SOON;
    } else {
      state = RotationState.CURRENT;
    }
    return new SecretStatus(path, since, deadline, state);
  }
}
