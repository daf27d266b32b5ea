package dev.sectools.secrets;

import java.util.List;

/**
 * A store's health at a glance.
 *
 * @param secrets how many secrets the store holds
 * @param versions how many versions it keeps, in every state
 * @param expired secrets past their rotation deadline, soonest deadline first
 * @param dueSoon secrets inside a warning window, soonest deadline first
 */
public record StoreStatus(int secrets, long versions, List<SecretStatus> expired, List<SecretStatus> dueSoon) {
  /** Copies the lists. */
  public StoreStatus {
    expired = List.copyOf(expired);
    dueSoon = List.copyOf(dueSoon);
  }
}
