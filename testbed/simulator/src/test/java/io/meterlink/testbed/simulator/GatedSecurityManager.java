package io.meterlink.testbed.simulator;

import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Lets test observers (username {@code observer}) in at all times and meters only while the gate is open; a closed
 * gate answers CONNACK 5, as the platform does for a device it does not accept. Plays a platform that is not yet
 * accepting a meter, or never will.
 */
final class GatedSecurityManager implements ActiveMQSecurityManager5 {

    private volatile boolean open;

    void open() {
        open = true;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String domain) {
        if (!"observer".equals(user) && !open) {
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user == null ? "anonymous" : user));
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        return true;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }
}
