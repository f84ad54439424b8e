package dev.standby.api.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A service or site name: a DNS label. Whether the name exists is the worker's topology's call (the
 * workflow fails with UNKNOWN_SERVICE or UNKNOWN_SITE); this only keeps garbage out of workflow ids
 * and search attributes. Null passes: combine with {@code @NotNull} where the value is required.
 */
@Documented
@Pattern(regexp = Name.PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface Name {
  String PATTERN = "[a-z0-9][a-z0-9-]{0,62}";

  String message() default
      "must be 1 to 63 lowercase letters, digits or dashes, not starting with a dash";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
