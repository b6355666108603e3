package vn.gov.lgsp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The provincial integration middleware (LGSP): one-stop software ↔ national portal, ministries, payments, postal. */
@SpringBootApplication
@ConfigurationPropertiesScan("vn.gov.lgsp")
public class LgspApplication {

    public static void main(String[] args) {
        SpringApplication.run(LgspApplication.class, args);
    }
}
