/** Per-record refining steps (parse, validate, route late) and the transform that runs one or a chain of them. */
package dev.finpipe.refine;
