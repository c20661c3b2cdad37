package dev.skein.retrieval.web;

record IndexStatus(long indexed, long indexedThrough) {
}
