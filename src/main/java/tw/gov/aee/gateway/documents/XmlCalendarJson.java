package tw.gov.aee.gateway.documents;

import java.io.IOException;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Dates and times in the JSON form are the XML lexical form, unchanged ({@code "2021-03-18"},
 * {@code "2021-03-08T09:30:00+08:00"}) — never epoch numbers, which would lose the offset and
 * turn an {@code xs:date} into a date-time. Only ASCII digits are accepted.
 */
final class XmlCalendarJson {

    private static final DatatypeFactory FACTORY;

    static {
        try {
            FACTORY = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private XmlCalendarJson() { }

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("xml-calendar-lexical");
        m.addSerializer(XMLGregorianCalendar.class, new JsonSerializer<>() {
            @Override
            public void serialize(XMLGregorianCalendar value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(value.toXMLFormat());
            }
        });
        m.addDeserializer(XMLGregorianCalendar.class, new JsonDeserializer<>() {
            @Override
            public XMLGregorianCalendar deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (XMLGregorianCalendar) ctx.handleUnexpectedToken(XMLGregorianCalendar.class, p);
                }
                String text = p.getText();
                if (AsciiDigits.containsNonAsciiDigit(text)) {
                    return (XMLGregorianCalendar) ctx.handleWeirdStringValue(XMLGregorianCalendar.class, text,
                            "only ASCII digits are accepted");
                }
                try {
                    return FACTORY.newXMLGregorianCalendar(text);
                } catch (IllegalArgumentException e) {
                    return (XMLGregorianCalendar) ctx.handleWeirdStringValue(XMLGregorianCalendar.class, text,
                            "not an ISO 8601 date or date-time");
                }
            }
        });
        return m;
    }
}
