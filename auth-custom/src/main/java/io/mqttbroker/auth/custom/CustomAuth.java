package io.mqttbroker.auth.custom;

import io.mqttbroker.auth.custom.blacklist.ConnectBlacklistService;
import io.mqttbroker.auth.custom.identity.IdentityService;
import io.mqttbroker.auth.custom.permission.PermissionIndex;
import io.mqttbroker.auth.custom.permission.PermissionService;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import java.time.Clock;
import java.time.Duration;

/**
 * The custom authentication mode assembled: its schema migrated, its permission index loaded, its services,
 * authenticator and authorizer built over one database.
 */
public final class CustomAuth {
  /** The migration folder and schema history suffix of this module. */
  public static final String MODULE = "auth-custom";
  /** How many identities the CONNECT cache holds. */
  public static final long CACHE_SIZE = 100_000;
  /** How long a cached answer may stay unseen by a change made on another node sharing the database. */
  public static final Duration CACHE_EXPIRY = Duration.ofSeconds(30);

  private final IdentityService identities;
  private final PermissionService permissions;
  private final ConnectBlacklistService blacklist;
  private final PermissionIndex index;
  private final CustomAuthenticator authenticator;
  private final ConnectBlacklistGate blacklistGate;
  private final CustomAuthorizer authorizer;

  private CustomAuth(IdentityService identities, PermissionService permissions, ConnectBlacklistService blacklist,
      PermissionIndex index) {
    this.identities = identities;
    this.permissions = permissions;
    this.blacklist = blacklist;
    this.index = index;
    this.authenticator = new CustomAuthenticator(identities);
    this.blacklistGate = new ConnectBlacklistGate(blacklist);
    this.authorizer = new CustomAuthorizer(index);
  }

  /**
   * Migrates the schema and loads every permission and blacklisted client id into memory. Fails with
   * {@link io.mqttbroker.store.StoreUnavailableException} when the store is down: without its rules the mode could
   * only refuse everything.
   *
   * @param capacity the most identities + permissions + blacklist entries ({@code mqtt.max-connections})
   */
  public static CustomAuth start(Database database, SecretCipher secrets, RevocationBus revocations, Clock clock,
      long capacity) {
    database.migrate(MODULE);
    Capacity quota = new Capacity(capacity);
    PermissionIndex index = new PermissionIndex();
    PermissionService permissions = new PermissionService(database, quota, revocations, index);
    permissions.loadIndex();
    ConnectBlacklistService blacklist = new ConnectBlacklistService(database, quota, revocations, clock);
    blacklist.load();
    return new CustomAuth(
        new IdentityService(database, secrets, quota, revocations, clock, CACHE_SIZE, CACHE_EXPIRY),
        permissions, blacklist, index);
  }

  public IdentityService identities() {
    return identities;
  }

  public PermissionService permissions() {
    return permissions;
  }

  public ConnectBlacklistService blacklist() {
    return blacklist;
  }

  public PermissionIndex index() {
    return index;
  }

  public CustomAuthenticator authenticator() {
    return authenticator;
  }

  /** The blacklist, to be asked before every mode's authenticator. */
  public ConnectBlacklistGate blacklistGate() {
    return blacklistGate;
  }

  public CustomAuthorizer authorizer() {
    return authorizer;
  }
}
