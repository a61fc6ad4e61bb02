package io.meterlink.alert.service;

import io.meterlink.alert.config.RoutingConfig;
import io.meterlink.alert.notification.OnCallRouting;
import io.meterlink.alert.repository.OnCallRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The current on-call routing: database entries over configured ones over the default numbers. */
@ApplicationScoped
public class OnCallDirectory {

    @Inject
    OnCallRepository repository;

    @Inject
    RoutingConfig config;

    /** Read per use (a small table), so API edits apply to the next alert without a restart. */
    public OnCallRouting current() {
        return new OnCallRouting(repository.byProduct(), config.products(), config.defaultRecipients());
    }
}
