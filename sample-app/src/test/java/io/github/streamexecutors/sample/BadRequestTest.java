package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** A bad {@code /wordcount} request is a 400 that says what is wrong, never a 500. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(PageServerProbe.Config.class)
class BadRequestTest {

  @LocalServerPort int port;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          word=python&pages=-1       | pages must be from 1 to 10000, was -1
          word=python&pages=0        | pages must be from 1 to 10000, was 0
          word=python&pages=abc      | pages must be a whole number from 1 to 10000, was 'abc'
          word=python&pages=10001    | pages must be from 1 to 10000, was 10001
          word=python&pages=99999999999 | pages must be a whole number from 1 to 10000
          word=python                | pages is required
          pages=10                   | word is required
          word=&pages=10             | word is required
          word=two%20words&pages=10  | word must be one word of 1 to 64 letters or digits
          """)
  void answers400WithAProblemDetail(String query, String detail) throws Exception {
    var response = new WordCountClient(port).get("/wordcount?" + query);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"status\":400").contains(detail);
  }
}
