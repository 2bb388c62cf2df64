/**
 * The gold stage: for the event dates that new silver versions touched, recomputes {@code gold/daily_user_currency}
 * (per date, user and currency) and {@code gold/daily_top_users} (top N users by volume per date and currency) from
 * all of silver for those dates, and replaces those partitions atomically.
 */
package dev.finpipe.pipelines.gold;
