package io.pushgate.config;

/**
 * An {@code fcm} target's credentials ({@code targets.<name>.fcm.*}).
 *
 * @param serviceAccountPath the service account's JSON file ({@code project_id}, {@code client_email},
 *     {@code private_key}, {@code token_uri}), as Firebase's console downloads it
 */
public record FcmConfig(String serviceAccountPath) {
}
