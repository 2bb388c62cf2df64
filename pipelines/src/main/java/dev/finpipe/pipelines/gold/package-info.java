/**
 * The gold stage: merges the silver versions committed since it last ran into {@code gold/daily_user_currency} (per
 * date, user and currency), {@code gold/daily_top_users} (top N users by volume per date and currency) and
 * {@code gold/daily_segment_volume} (per date, segment, account type and currency, each transaction joined with its
 * account and customer as they were at its event time), replacing the touched dates' partitions atomically.
 */
package dev.finpipe.pipelines.gold;
