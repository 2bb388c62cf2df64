/**
 * Gold aggregates over deduplicated silver transactions: {@link dev.finpipe.aggregate.AggregateDaily} sums each user's
 * transactions per UTC event date and currency with exact decimals (one {@code Combine.perKey}, so runners pre-combine
 * before the shuffle), and {@link dev.finpipe.aggregate.RankTopUsers} ranks the top N users by total per date and
 * currency, ties broken by user id. Both re-window into the global window, so a date is one row or one ranking
 * whatever windows their input came in, and both are deterministic whatever the input order.
 */
package dev.finpipe.aggregate;
