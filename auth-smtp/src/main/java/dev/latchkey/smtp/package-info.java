/**
 * Mail over SMTP for Latchkey's reset and verification links: {@link dev.latchkey.smtp.SmtpMailSender}, a
 * {@code MailSender} on Jakarta Mail (Eclipse Angus).
 */
package dev.latchkey.smtp;
