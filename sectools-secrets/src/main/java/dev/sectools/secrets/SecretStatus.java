package dev.sectools.secrets;

import java.time.Instant;

/**
 * A secret with a rotation policy, and how it stands.
 *
 * @param path the secret's path
 * @param currentSince when its current version was written
 * @param rotateBy when it expires
 * @param state current, due soon, or expired
 */
public record SecretStatus(String path, Instant currentSince, Instant rotateBy, RotationState state) {}
