package routes.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt: its arguments and the messages it expands to. Message texts may contain
 * {@code {argument}} placeholders, replaced by the values given in prompts/get.
 */
public record PromptDefinition(String name, String description, List<Argument> arguments, List<Message> messages) {

    public PromptDefinition {
        Objects.requireNonNull(name, "prompt name");
        arguments = List.copyOf(arguments);
        messages = List.copyOf(messages);
    }

    /** A prompt argument; {@code completions} are offered by completion/complete, filtered by prefix. */
    public record Argument(String name, String description, boolean required, List<String> completions) {
        public Argument {
            Objects.requireNonNull(name, "argument name");
            completions = List.copyOf(completions);
        }

        public static Argument required(String name, String description) {
            return new Argument(name, description, true, List.of());
        }

        public static Argument optional(String name, String description) {
            return new Argument(name, description, false, List.of());
        }

        public Argument withCompletions(String... values) {
            return new Argument(name, description, required, List.of(values));
        }
    }

    /**
     * One message of the expanded prompt; role is "user" or "assistant". A message may depend on an
     * optional argument ({@code needs}): when the client leaves it out, {@code otherwise} is sent
     * instead, or nothing when that is null, so an omitted argument never leaves a gap in a sentence.
     */
    public record Message(String role, String text, String needs, String otherwise) {
        public Message {
            if (!"user".equals(role) && !"assistant".equals(role)) {
                throw new IllegalArgumentException("prompt message role must be user or assistant, was " + role);
            }
            Objects.requireNonNull(text, "message text");
            if (needs == null && otherwise != null) {
                throw new IllegalArgumentException("a message's alternative text needs the argument it stands in for");
            }
        }

        public static Message user(String text) {
            return new Message("user", text, null, null);
        }

        public static Message assistant(String text) {
            return new Message("assistant", text, null, null);
        }

        /** This message only when {@code argument} is given; else {@code otherwise} (null: no message). */
        public Message ifGiven(String argument, String otherwise) {
            return new Message(role, text, Objects.requireNonNull(argument, "argument"), otherwise);
        }

        /** The text with the values filled in, or null when this message is left out. */
        String render(Map<String, String> values) {
            String chosen = text;
            if (needs != null && values.getOrDefault(needs, "").isBlank()) {
                if (otherwise == null) {
                    return null;
                }
                chosen = otherwise;
            }
            for (Map.Entry<String, String> value : values.entrySet()) {
                chosen = chosen.replace("{" + value.getKey() + "}", value.getValue());
            }
            return chosen;
        }
    }

    ObjectNode toJson() {
        ObjectNode prompt = JsonNodeFactory.instance.objectNode();
        prompt.put("name", name);
        if (description != null) {
            prompt.put("description", description);
        }
        var args = prompt.putArray("arguments");
        for (Argument argument : arguments) {
            ObjectNode arg = args.addObject().put("name", argument.name());
            if (argument.description() != null) {
                arg.put("description", argument.description());
            }
            arg.put("required", argument.required());
        }
        return prompt;
    }
}
