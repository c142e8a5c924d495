package tw.gov.aee.gateway.participants;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.springframework.core.io.Resource;

/**
 * Reads and validates the participants directory file. Strict like the JSON form of documents
 * (DESIGN.md §4): unknown or duplicate keys, wrong types and coerced scalars are errors. Every
 * problem in the file is reported, each naming the party and the field.
 */
final class DirectoryReader {

    /** Far above a directory of every bank in Taiwan; a bigger file is a mistake or an attack. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{3,8}");
    private static final Pattern BANK_CODE = Pattern.compile("[0-9]{3}");
    private static final Pattern CERTIFICATE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\\.pem");
    private static final int MAX_NAME_LENGTH = 100;

    private static final YAMLMapper MAPPER = strictMapper();

    private final CertificateLocator certificates;
    private final boolean requireCertificates;

    DirectoryReader(CertificateLocator certificates, boolean requireCertificates) {
        this.certificates = certificates;
        this.requireCertificates = requireCertificates;
    }

    // ---- the file as written; every field optional here so that absence gets a clear message ----

    record FileEntry(Integer version, LocalDate updated, List<JsonNode> parties) { }

    record PartyEntry(String code, PartyKind kind, String name, String nameEn, AgencyCategory category,
                      CertificatesEntry certificates, Transport transport, String endpoint,
                      List<DocumentType> acceptsElectronically, Boolean paperFallback,
                      RangeEntry draftNumberRange, Boolean autoSendRevocations) { }

    record CertificatesEntry(String signing, String encryption, String tlsClient) { }

    record RangeEntry(Integer rocYear, Integer from, Integer to) { }

    // ----

    DirectorySnapshot read(Resource resource) {
        String source = describe(resource);
        byte[] bytes;
        try (InputStream in = resource.getInputStream()) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new DirectoryException("Participants directory " + source + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new DirectoryException(source, List.of("the file is larger than " + MAX_FILE_BYTES + " bytes"));
        }
        return read(bytes, source);
    }

    DirectorySnapshot read(byte[] bytes, String source) {
        List<String> problems = new ArrayList<>();
        FileEntry file;
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new DirectoryException(source, List.of("the file is empty"));
            }
            file = MAPPER.treeToValue(root, FileEntry.class);
        } catch (JacksonException e) {
            throw new DirectoryException(source, List.of(describe(e, "the file")));
        } catch (IOException e) {
            throw new DirectoryException("Participants directory " + source + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }

        if (file.version() == null) {
            problems.add("version is missing");
        } else if (file.version() < 1) {
            problems.add("version must be a positive integer, was " + file.version());
        }
        if (file.updated() == null) {
            problems.add("updated is missing");
        }
        if (file.parties() == null || file.parties().isEmpty()) {
            problems.add("parties is missing or empty");
        }
        List<Participant> parties = new ArrayList<>();
        if (file.parties() != null) {
            for (int i = 0; i < file.parties().size(); i++) {
                JsonNode node = file.parties().get(i);
                String label = label(node, i);
                try {
                    PartyEntry entry = MAPPER.treeToValue(node, PartyEntry.class);
                    if (entry == null) {
                        problems.add(label + " is empty");
                        continue;
                    }
                    Participant participant = validate(entry, label, problems);
                    if (participant != null) {
                        parties.add(participant);
                    }
                } catch (JacksonException e) {
                    problems.add(describe(e, label));
                }
            }
        }
        checkAcrossParties(parties, problems);
        if (!problems.isEmpty()) {
            throw new DirectoryException(source, problems);
        }

        DirectorySnapshot snapshot = new DirectorySnapshot(file.version(), file.updated(), parties, certificates);
        if (requireCertificates) {
            loadEveryCertificate(snapshot, problems);
            if (!problems.isEmpty()) {
                throw new DirectoryException(source, problems);
            }
        }
        return snapshot;
    }

    private Participant validate(PartyEntry e, String label, List<String> problems) {
        int before = problems.size();
        String party = "party " + label;

        if (e.code() == null) {
            problems.add(party + ": code is missing");
        } else if (!CODE.matcher(e.code()).matches()) {
            problems.add(party + ": code must be 3-8 capital letters or digits, was " + DirectoryException.quote(e.code()));
        } else if (e.kind() == PartyKind.BANK && !BANK_CODE.matcher(e.code()).matches()) {
            problems.add(party + ": code of a bank must be its 3-digit head-office code, was " + DirectoryException.quote(e.code()));
        }
        if (e.kind() == null) {
            problems.add(party + ": kind is missing");
        }
        checkName(e.name(), "name", party, problems);
        checkName(e.nameEn(), "nameEn", party, problems);

        if (e.kind() == PartyKind.AGENCY && e.category() == null) {
            problems.add(party + ": category is missing (every agency needs one)");
        } else if (e.kind() != null && e.kind() != PartyKind.AGENCY && e.category() != null) {
            problems.add(party + ": category is only for agencies");
        }

        if (e.transport() == null) {
            problems.add(party + ": transport is missing");
        } else if (e.kind() != null && !e.transport().allowedFor(e.kind())) {
            problems.add(party + ": transport " + e.transport() + " is not available to a "
                    + e.kind().name().toLowerCase(Locale.ROOT) + " (allowed: " + allowedTransports(e.kind()) + ")");
        }
        URI endpoint = checkEndpoint(e, party, problems);

        Set<DocumentType> accepts = checkAccepts(e, party, problems);
        if (e.paperFallback() == null) {
            problems.add(party + ": paperFallback is missing");
        } else if (e.transport() == Transport.PAPER && !e.paperFallback()) {
            problems.add(party + ": paperFallback must be true for transport PAPER");
        }

        CertificatePaths paths = checkCertificates(e, party, problems);

        NumberRange range = null;
        if (e.kind() == PartyKind.BRANCH) {
            range = checkRange(e.draftNumberRange(), party, problems);
            if (e.autoSendRevocations() == null) {
                problems.add(party + ": autoSendRevocations is missing (every branch needs one)");
            }
        } else if (e.kind() != null) {
            if (e.draftNumberRange() != null) {
                problems.add(party + ": draftNumberRange is only for branches");
            }
            if (e.autoSendRevocations() != null) {
                problems.add(party + ": autoSendRevocations is only for branches");
            }
        }

        if (problems.size() > before) {
            return null;
        }
        return new Participant(e.code(), e.kind(), e.name(), e.nameEn(), e.category(), paths, e.transport(),
                endpoint, accepts, e.paperFallback(), range,
                e.kind() == PartyKind.BRANCH && e.autoSendRevocations());
    }

    private static void checkName(String value, String field, String party, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(party + ": " + field + " is missing");
        } else if (value.length() > MAX_NAME_LENGTH) {
            problems.add(party + ": " + field + " is longer than " + MAX_NAME_LENGTH + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl) || !value.strip().equals(value)) {
            problems.add(party + ": " + field + " must not hold control characters or surrounding spaces");
        }
    }

    private static URI checkEndpoint(PartyEntry e, String party, List<String> problems) {
        if (e.transport() == null) {
            return null;
        }
        if (!e.transport().needsEndpoint()) {
            if (e.endpoint() != null) {
                problems.add(party + ": endpoint is only for PUSH and WEBHOOK, not " + e.transport());
            }
            return null;
        }
        if (e.endpoint() == null || e.endpoint().isBlank()) {
            problems.add(party + ": endpoint is missing (transport " + e.transport() + " needs an https URL)");
            return null;
        }
        try {
            URI uri = new URI(e.endpoint());
            if (!"https".equals(uri.getScheme())) {
                problems.add(party + ": endpoint must be an https URL, was " + DirectoryException.quote(e.endpoint()));
                return null;
            }
            if (uri.getHost() == null) {
                problems.add(party + ": endpoint has no host: " + DirectoryException.quote(e.endpoint()));
                return null;
            }
            if (uri.getRawUserInfo() != null) {
                // credentials in a URL end up in logs; they belong in the environment
                problems.add(party + ": endpoint must not carry credentials");
                return null;
            }
            return uri;
        } catch (URISyntaxException ex) {
            problems.add(party + ": endpoint is not a valid URL: " + DirectoryException.quote(e.endpoint()));
            return null;
        }
    }

    private static Set<DocumentType> checkAccepts(PartyEntry e, String party, List<String> problems) {
        List<DocumentType> listed = e.acceptsElectronically();
        if (listed == null) {
            problems.add(party + ": acceptsElectronically is missing (write [] for none)");
            return Set.of();
        }
        if (listed.contains(null)) {
            problems.add(party + ": acceptsElectronically holds an empty entry");
            return Set.of();
        }
        Set<DocumentType> accepts = new LinkedHashSet<>(listed);
        if (accepts.size() < listed.size()) {
            problems.add(party + ": acceptsElectronically lists a document type twice");
        }
        if (e.transport() == Transport.PAPER && !accepts.isEmpty()) {
            problems.add(party + ": acceptsElectronically must be empty for transport PAPER");
        } else if (e.transport() != null && e.transport() != Transport.PAPER && accepts.isEmpty()) {
            problems.add(party + ": acceptsElectronically is empty; a party that takes nothing electronically uses transport PAPER");
        }
        return accepts.isEmpty() ? Set.of() : EnumSet.copyOf(accepts);
    }

    private static CertificatePaths checkCertificates(PartyEntry e, String party, List<String> problems) {
        CertificatesEntry c = e.certificates();
        if (c == null) {
            if (e.transport() != null && e.transport() != Transport.PAPER) {
                problems.add(party + ": certificates is missing");
            }
            return null;
        }
        checkPath(c.signing(), "certificates.signing", true, party, problems);
        checkPath(c.tlsClient(), "certificates.tlsClient", true, party, problems);
        boolean encrypts = e.kind() == PartyKind.BANK || e.kind() == PartyKind.AGENCY;
        checkPath(c.encryption(), "certificates.encryption", encrypts, party, problems);
        return new CertificatePaths(c.signing(), c.encryption(), c.tlsClient());
    }

    private static void checkPath(String path, String field, boolean required, String party, List<String> problems) {
        if (path == null) {
            if (required) {
                problems.add(party + ": " + field + " is missing");
            }
            return;
        }
        boolean dotSegment = List.of(path.split("/", -1)).stream().anyMatch(s -> s.equals(".") || s.equals(".."));
        if (!CERTIFICATE_PATH.matcher(path).matches() || dotSegment) {
            problems.add(party + ": " + field + " must be a .pem path relative to the PKI folder, without '..', was "
                    + DirectoryException.quote(path));
        }
    }

    private static NumberRange checkRange(RangeEntry r, String party, List<String> problems) {
        if (r == null) {
            problems.add(party + ": draftNumberRange is missing (every branch needs one)");
            return null;
        }
        if (r.rocYear() == null || r.from() == null || r.to() == null) {
            problems.add(party + ": draftNumberRange needs rocYear, from and to");
            return null;
        }
        try {
            return new NumberRange(r.rocYear(), r.from(), r.to());
        } catch (IllegalArgumentException ex) {
            problems.add(party + ": draftNumberRange: " + ex.getMessage());
            return null;
        }
    }

    private static void checkAcrossParties(List<Participant> parties, List<String> problems) {
        Map<String, Participant> seen = new HashMap<>();
        for (Participant p : parties) {
            if (seen.putIfAbsent(p.code(), p) != null) {
                problems.add("party " + p.code() + ": code is listed twice");
            }
        }
        List<Participant> branches = parties.stream().filter(p -> p.draftNumberRange() != null).toList();
        for (int i = 0; i < branches.size(); i++) {
            for (int j = i + 1; j < branches.size(); j++) {
                NumberRange a = branches.get(i).draftNumberRange();
                NumberRange b = branches.get(j).draftNumberRange();
                if (a.overlaps(b)) {
                    problems.add("party " + branches.get(j).code() + ": draftNumberRange " + b
                            + " overlaps " + branches.get(i).code() + "'s " + a);
                }
            }
        }
    }

    private void loadEveryCertificate(DirectorySnapshot snapshot, List<String> problems) {
        for (Participant p : snapshot.all()) {
            if (p.certificates() == null) {
                continue;
            }
            for (CertificateRole role : CertificateRole.values()) {
                if (p.certificates().path(role).isEmpty()) {
                    continue;
                }
                try {
                    snapshot.preload(p, role);
                } catch (DirectoryException ex) {
                    problems.add(ex.getMessage());
                }
            }
        }
    }

    private static String allowedTransports(PartyKind kind) {
        return EnumSet.allOf(Transport.class).stream().filter(t -> t.allowedFor(kind))
                .map(Enum::name).collect(Collectors.joining(", "));
    }

    /** A party's label in messages: its code when it has a plausible one, else its position. */
    private static String label(JsonNode node, int index) {
        JsonNode code = node == null ? null : node.get("code");
        if (code != null && code.isTextual() && CODE.matcher(code.asText()).matches()) {
            return code.asText();
        }
        return "parties[" + index + "]";
    }

    private static String describe(JacksonException e, String where) {
        String field = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).substring(1);
        }
        String prefix = where.startsWith("the file") ? "" : "party " + where + ": ";
        if (e instanceof UnrecognizedPropertyException u) {
            String path = field.contains(".") ? field.substring(0, field.lastIndexOf('.') + 1) : "";
            return prefix + "unknown field " + DirectoryException.quote(path + u.getPropertyName());
        }
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String reason;
        if (e instanceof JsonMappingException) {
            reason = original.lines().findFirst().orElse("").strip();
            // Jackson's advice on enabling coercion is the opposite of what this file wants
            int advice = reason.indexOf(" (but ");
            reason = advice > 0 ? reason.substring(0, advice) : reason;
            if (field.endsWith("code") && reason.contains("Integer")) {
                reason += "; write codes in quotes, e.g. \"004\"";
            }
        } else {
            // SnakeYAML spreads its message over several lines, with a snippet of the file
            reason = "not valid YAML: " + original.lines().map(String::strip).filter(l -> !l.isEmpty())
                    .filter(l -> !l.startsWith("^")).collect(Collectors.joining(" "));
        }
        if (reason.length() > 300) {
            reason = reason.substring(0, 300) + "…";
        }
        String location = e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? " (line " + e.getLocation().getLineNr() + ")" : "";
        return prefix + (field.isEmpty() ? "" : field + ": ") + reason + location;
    }

    private static String describe(Resource resource) {
        try {
            if (resource.isFile()) {
                return resource.getFile().getAbsolutePath();
            }
        } catch (IOException e) {
            // fall through to the description, which always exists
        }
        return resource.getDescription();
    }

    private static YAMLMapper strictMapper() {
        YAMLMapper mapper = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // YAML 1.1 reads yes/no/on/off as booleans (the "Norway problem"); here they stay words
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new JavaTimeModule())
                .build();
        // 004 must stay "004": a number where a string belongs is an error, never a conversion
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    static String source(Resource resource) {
        return describe(resource);
    }
}
