/**
 * The {@code email} channel: a destination is a list of recipients, the language of its built-in templates, its own
 * templates by event if it wants them (subject, plain text, HTML; {@link dev.merchantnotify.channel.KeyTemplate}'s
 * placeholders), and optionally its own sender and SMTP server (the password kept encrypted) instead of the
 * deployment's ({@code notify.email.*}). Each attempt renders the email ({@link dev.merchantnotify.channel.email.EmailTemplates})
 * and sends it through Jakarta Mail (Liberty's {@code mail-2.1}) on a connection to the server that is reused while
 * messages wait ({@link dev.merchantnotify.channel.email.SmtpServer}). It is delivered when the server answered 250
 * to the message; a recipient refused with 5xx is named in the attempt's answer and not tried again for itself, a
 * message nobody took is {@code invalid_recipient} (not retried); a 4xx is {@code throttled} (retried), a message too
 * large {@code too_large}, refused credentials {@code auth}, an unreachable server {@code connect}, no answer in
 * time {@code timeout} ({@link dev.merchantnotify.channel.email.SmtpFailures}).
 */
package dev.merchantnotify.channel.email;
