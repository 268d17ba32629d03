package io.jcadvisor.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UiPageTest {

    @ParameterizedTest
    @CsvSource({
        "containers/, ../",
        "containers/docker/abc, ../../",
        "containers/docker/abc/, ../../../",
        "docker/, ../",
        "docker/web, ../",
        "containers//x, ../../",
        "containers/a%2Fb, ../",
        "containers, ./"})
    void rootIsOneLevelUpPerSlash(String path, String root) {
        assertThat(UiPage.rootFor(path)).isEqualTo(root);
    }

    @ParameterizedTest
    @CsvSource({
        "'', /",
        "/, /",
        "/docker//x/, /docker/x",
        "/a/./b, /a/b",
        "/../../etc, /etc",
        "/system.slice/docker-1.scope, /system.slice/docker-1.scope"})
    void containerNameIsTheCleanedAbsolutePath(String path, String name) {
        assertThat(UiPage.containerName(path)).isEqualTo(name);
    }

    @Test
    void rendersRootAndEscapedError() {
        UiPage page = new UiPage("<base href=\"{{root}}\"><p id=\"error\"{{error-hidden}}>{{error}}</p>");
        assertThat(page.render("containers/x", null)).isEqualTo("<base href=\"../\"><p id=\"error\" hidden></p>");
        assertThat(page.render("containers/x", "unknown container \"/<x>\" & 'y'"))
                .isEqualTo("<base href=\"../\"><p id=\"error\">unknown container &quot;/&lt;x&gt;&quot; &amp; &#39;y&#39;</p>");
    }

    @Test
    void bundledTemplateLoadsAndFillsEveryPlaceholder() {
        String html = UiPage.load().render("containers/", null);
        assertThat(html).doesNotContain("{{").contains("<base href=\"../\">");
    }
}
