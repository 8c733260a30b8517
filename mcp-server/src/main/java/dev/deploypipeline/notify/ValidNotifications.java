package dev.deploypipeline.notify;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Cross-field rules of {@link NotificationsConfig}, reported at the field they concern. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NotificationsConfigValidator.class)
public @interface ValidNotifications {
  String message() default "invalid notifications";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
