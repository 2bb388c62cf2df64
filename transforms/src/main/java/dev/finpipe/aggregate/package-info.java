/**
 * Gold aggregates over deduplicated silver transactions: {@link dev.finpipe.aggregate.AggregateDaily} sums each user's
 * transactions per UTC event date and currency with exact decimals (one {@code Combine.perKey}, so runners pre-combine
 * before the shuffle), and {@link dev.finpipe.aggregate.RankTopUsers} ranks the top N users by total per date and
 * currency, ties broken by user id. Both re-window into the global window, so a date is one row or one ranking
 * whatever windows their input came in, and both are deterministic whatever the input order.
 * {@link dev.finpipe.aggregate.EnrichPointInTime} joins transactions with the account and customer versions valid at
 * their event time (SCD type 2 history), and {@link dev.finpipe.aggregate.AggregateSegmentVolume} sums them per date,
 * segment, account type and currency.
 */
package dev.finpipe.aggregate;
