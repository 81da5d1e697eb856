package smoke;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot 3 application with the starter's classes on its class path. */
@SpringBootApplication
public class Boot3Application {

  public static void main(String[] args) {
    SpringApplication.run(Boot3Application.class, args);
  }
}
