package dev.finpipe.pipelines.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's customers: users {@code U-000001…}, each living in a {@link Region} and holding one to three
 * accounts {@code ACC-000001…} (the first in the home currency; Peruvians often keep a second one in dollars).
 * A few users are far more active than most, so that a top-users ranking has something to rank.
 */
final class Population {
  /** An account and the currency it is kept in. */
  record Account(String id, Money money) {}

  /** A user, where they live and their accounts. */
  record User(String id, Region home, Account[] accounts) {}

  private static final Weighted<Region> HOMES = homes();

  private final User[] users;

  Population(int size, SplittableRandom random) {
    users = new User[size];
    int accounts = 0;
    for (int i = 0; i < size; i++) {
      Region home = HOMES.pick(random);
      int held = random.nextDouble() < 0.55 ? 1 : random.nextDouble() < 0.7 ? 2 : 3;
      Account[] owned = new Account[held];
      for (int a = 0; a < held; a++) {
        Money money = a == 1 && home == Region.PE ? Money.USD : home.money;
        owned[a] = new Account(String.format("ACC-%06d", ++accounts), money);
      }
      users[i] = new User(String.format("U-%06d", i + 1), home, owned);
    }
  }

  /** Every user, in id order (their accounts in id order too): the change generator's customers and accounts. */
  List<User> users() {
    return List.of(users);
  }

  /** A user, skewed towards low indexes: the first 1% of users make about 10% of the transactions. */
  User pickUser(SplittableRandom random) {
    double u = random.nextDouble();
    return users[(int) (users.length * u * u)];
  }

  /** One of the user's accounts, the first (their main one) most of the time. */
  static Account pickAccount(User user, SplittableRandom random) {
    Account[] accounts = user.accounts();
    if (accounts.length == 1 || random.nextDouble() < 0.7) {
      return accounts[0];
    }
    return accounts[1 + random.nextInt(accounts.length - 1)];
  }

  private static Weighted<Region> homes() {
    Weighted<Region> homes = Weighted.of();
    for (Region region : Region.values()) {
      homes.with(region, region.weight);
    }
    return homes;
  }
}
