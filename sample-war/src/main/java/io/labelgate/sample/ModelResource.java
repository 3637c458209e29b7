package io.labelgate.sample;

import io.labelgate.app.AppStatusChanged;
import io.labelgate.http.Manage;
import io.labelgate.registry.AppStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The AI App's "model": loaded while the app runs, released when an operator stops it (labelgate
 * fires {@link AppStatusChanged}), and reloadable by operators only ({@link Manage}).
 */
@Path("model")
@ApplicationScoped
public class ModelResource {

    private static final Logger LOG = Logger.getLogger(ModelResource.class.getName());

    private final AtomicBoolean loaded = new AtomicBoolean(true);
    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicInteger changes = new AtomicInteger();

    /** Releases the model when the app stops, loads it again when it starts. */
    void onStatusChange(@Observes AppStatusChanged change) {
        boolean running = change.current() == AppStatus.RUNNING;
        loaded.set(running);
        changes.incrementAndGet();
        LOG.info("AI App: model " + (running ? "loaded" : "released") + " (app is " + change.current() + ")");
    }

    /** Whether the model is loaded; any reader. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String state() {
        return "loaded=" + loaded.get() + " changes=" + changes.get() + " reloads=" + reloads.get();
    }

    /** Reloads the model: a management operation, so only operators' tokens may. */
    @POST
    @Path("reload")
    @Manage
    @Produces(MediaType.TEXT_PLAIN)
    public String reload() {
        return "reloads=" + reloads.incrementAndGet();
    }
}
