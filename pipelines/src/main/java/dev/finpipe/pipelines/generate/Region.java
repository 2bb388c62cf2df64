package dev.finpipe.pipelines.generate;

/** Where users live: country, home currency, UTC offset (for the share of times written with an offset), merchants. */
enum Region {
  PE("PE", Money.PEN, "-05:00", 55, "Tambo", "Wong", "Plaza Vea", "Tottus", "Inkafarma", "Saga Falabella",
      "Cineplanet", "Rappi", "Oechsle", "Pollería \"El Rey\"", "Bodega Doña Rosa"),
  US("US", Money.USD, "-05:00", 8, "Walmart", "Target", "Starbucks", "Trader Joe's", "Costco", "AT&T"),
  ES("ES", Money.EUR, "+01:00", 6, "Mercadona", "El Corte Inglés", "Zara", "Carrefour"),
  BR("BR", Money.BRL, "-03:00", 7, "Pão de Açúcar", "Magazine Luiza", "Americanas", "iFood"),
  CL("CL", Money.CLP, "-03:00", 6, "Líder", "Jumbo", "Falabella", "Copec"),
  CO("CO", Money.COP, "-05:00", 6, "Éxito", "Olímpica", "Juan Valdez", "Rappi"),
  MX("MX", Money.MXN, "-06:00", 6, "OXXO", "Liverpool", "Soriana", "Walmart"),
  GB("GB", Money.GBP, "+00:00", 3, "Tesco", "Marks & Spencer", "Sainsbury's", "Boots"),
  JP("JP", Money.JPY, "+09:00", 2, "ローソン", "Uniqlo", "7-Eleven", "ファミリーマート"),
  KW("KW", Money.KWD, "+03:00", 1, "The Sultan Center", "Lulu Hypermarket", "Alshaya");

  static final String[] GLOBAL_MERCHANTS = {"Amazon", "Netflix", "Spotify", "Apple", "Uber", "Airbnb", "Google"};

  final String country;
  final Money money;
  /** A fixed offset: the instant is what matters, the offset only exercises the parser. */
  final String offset;
  final int offsetMillis;
  /** Relative share of users who live here. */
  final int weight;
  final String[] merchants;

  Region(String country, Money money, String offset, int weight, String... merchants) {
    this.country = country;
    this.money = money;
    this.offset = offset;
    this.offsetMillis = java.time.ZoneOffset.of(offset).getTotalSeconds() * 1000;
    this.weight = weight;
    this.merchants = merchants;
  }
}
