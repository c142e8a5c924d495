package tw.gov.aee.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Layering rules the style guide promises. */
@AnalyzeClasses(packages = "tw.gov.aee.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** All cryptography sits behind the crypto package's byte[]/JDK-certificate API. */
    @ArchTest
    static final ArchRule onlyCryptoTouchesBouncyCastle = noClasses()
            .that().resideOutsideOfPackage("tw.gov.aee.gateway.crypto..")
            .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..");

    /** Generated contract classes are mapped at the edges, never extended with logic. */
    @ArchTest
    static final ArchRule contractDoesNotDependOnTheGateway = noClasses()
            .that().resideInAPackage("tw.gov.aee.gateway.contract..")
            .should().dependOnClassesThat().resideInAnyPackage("tw.gov.aee.gateway.crypto..",
                    "tw.gov.aee.gateway.documents..", "tw.gov.aee.gateway.participants..");
}
