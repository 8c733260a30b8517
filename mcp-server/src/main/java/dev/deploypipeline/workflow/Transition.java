package dev.deploypipeline.workflow;

/** One row of the transition table. */
public record Transition(State from, Event event, State to) {}
