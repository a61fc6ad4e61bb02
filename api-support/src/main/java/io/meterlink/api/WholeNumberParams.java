package io.meterlink.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Converts whole-number query and path parameters ({@code page=abc}, {@code /alerts/x}) so that a value that is not a
 * number is a 400 problem naming the parameter. Without it JAX-RS must answer a failed conversion with a bare 404
 * (Jakarta REST 4.0 §3.2), which tells the caller nothing and looks like a missing resource.
 */
@Provider
public class WholeNumberParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = parameterName(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Converter<>(name, Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) new Converter<>(name, Long::valueOf);
        }
        return null;
    }

    private static String parameterName(Annotation[] annotations) {
        if (annotations == null) {
            return null;
        }
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
        }
        return null;
    }

    /** Parses one parameter; the refusal is a finished problem response, so JAX-RS cannot turn it into a 404. */
    private record Converter<N extends Number>(String name, Function<String, N> parse) implements ParamConverter<N> {

        @Override
        public N fromString(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return parse.apply(value.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException(ProblemMappers.answer(Problem.ofField(400, name,
                        name + " must be a whole number, not '" + value + "'")));
            }
        }

        @Override
        public String toString(N value) {
            return value == null ? null : value.toString();
        }
    }
}
