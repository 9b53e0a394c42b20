package dev.latchkey.core.testing;

import dev.latchkey.core.mail.Mail;
import dev.latchkey.core.mail.MailSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A mail sender that keeps what it is given, for tests to read. */
public final class RecordingMailSender implements MailSender {

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    private final BlockingQueue<Mail> sent = new LinkedBlockingQueue<>();

    @Override
    public void send(Mail mail) {
        sent.add(mail);
    }

    /** The next mail sent, waiting up to 10 seconds for it. */
    public Mail next() throws InterruptedException {
        Mail mail = sent.poll(10, TimeUnit.SECONDS);
        if (mail == null) {
            throw new AssertionError("No mail was sent within 10 seconds");
        }
        return mail;
    }

    /** The mails sent and not read yet. */
    public List<Mail> unread() {
        List<Mail> mails = new ArrayList<>();
        sent.drainTo(mails);
        return mails;
    }

    /** Waits up to {@code wait} for a mail; null if none came. */
    public Mail poll(Duration wait) throws InterruptedException {
        return sent.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The token in a mail's link. */
    public static String token(Mail mail) {
        Matcher m = TOKEN.matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("No link with a token in " + mail.text());
        }
        return m.group(1);
    }
}
