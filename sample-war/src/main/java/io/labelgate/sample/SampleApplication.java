package io.labelgate.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The app's JAX-RS API under {@code /api}; labelgate's JAX-RS providers are discovered in its jar. */
@ApplicationPath("api")
public class SampleApplication extends Application {}
