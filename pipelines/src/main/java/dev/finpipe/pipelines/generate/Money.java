package dev.finpipe.pipelines.generate;

/** The currencies the generator uses, with their ISO 4217 minor units and a rough value, to keep amounts plausible. */
enum Money {
  PEN(2, 0.27, 10),
  USD(2, 1.0, 20),
  EUR(2, 1.08, 10),
  BRL(2, 0.18, 20),
  CLP(0, 0.00105, 5_000),
  COP(2, 0.00025, 10_000),
  MXN(2, 0.055, 100),
  GBP(2, 1.27, 10),
  JPY(0, 0.0067, 1_000),
  KWD(3, 3.25, 5);

  /** Fraction digits allowed (ISO 4217 minor unit). */
  final int minorUnits;
  /** Units of this currency in one US dollar's worth, inverted: USD per unit. */
  final double usdPerUnit;
  /** Cash withdrawals are multiples of this many major units. */
  final long cashStepMinor;
  /** 10^minorUnits. */
  final long minorPerMajor;

  Money(int minorUnits, double usdPerUnit, long cashStepMajor) {
    this.minorUnits = minorUnits;
    this.usdPerUnit = usdPerUnit;
    this.minorPerMajor = (long) Math.pow(10, minorUnits);
    this.cashStepMinor = cashStepMajor * minorPerMajor;
  }

  /** Writes an amount given in minor units as a plain decimal with exactly {@link #minorUnits} fraction digits. */
  void appendDecimal(StringBuilder sb, long minor) {
    if (minor < 0) {
      sb.append('-');
      minor = -minor;
    }
    sb.append(minor / minorPerMajor);
    if (minorUnits > 0) {
      sb.append('.');
      String fraction = Long.toString(minor % minorPerMajor);
      for (int i = fraction.length(); i < minorUnits; i++) {
        sb.append('0');
      }
      sb.append(fraction);
    }
  }
}
