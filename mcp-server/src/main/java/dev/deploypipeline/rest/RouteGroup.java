package dev.deploypipeline.rest;

import java.util.List;

/** The routes of one resource. */
interface RouteGroup {
  List<Route> routes();
}
