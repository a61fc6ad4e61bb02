package io.meterlink.domain.signing;

/**
 * The SASL PLAIN userName/password a backend presents to the Alibaba AMQP server-side subscription.
 * {@link #toString()} hides the password because connection settings get logged.
 */
public record AmqpCredentials(String userName, String password) {

    @Override
    public String toString() {
        return "AmqpCredentials[userName=" + userName + ", password=***]";
    }
}
