package vn.gov.lgsp.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the REST endpoints ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}), generated from
 * the controllers by springdoc: what one-stop systems, partners and operators script against (DOMAIN 9).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String API_KEY = "apiKey";

    @Bean
    OpenAPI lgspOpenApi() {
        return new OpenAPI()
                .info(new Info().title("LGSP provincial integration middleware").version("v1")
                        .description("Dossier events from the one-stop software, the dossier view, parked messages, "
                                + "reconciliations, and the endpoints partners call (payment CONFIRM, postal tracking, "
                                + "signed with their own schemes). Ministries use the SOAP service at "
                                + "/services/inter-agency (WSDL at ?wsdl)."))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-API-Key")
                        .description("a one-stop client's or an operator's key")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }
}
