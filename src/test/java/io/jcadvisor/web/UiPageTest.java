package io.jcadvisor.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
        UiPage page = new UiPage("<base href=\"{{root}}\"><p id=\"error\"{{error-hidden}}>{{error}}</p>", "v");
        assertThat(page.render("containers/x", null)).isEqualTo("<base href=\"../\"><p id=\"error\" hidden></p>");
        assertThat(page.render("containers/x", "unknown container \"/<x>\" & 'y'"))
                .isEqualTo("<base href=\"../\"><p id=\"error\">unknown container &quot;/&lt;x&gt;&quot; &amp; &#39;y&#39;</p>");
    }

    @Test
    void bundledTemplateLoadsAndFillsEveryPlaceholder() {
        String html = UiPage.load().render("containers/", null);
        assertThat(html).doesNotContain("{{").contains("<base href=\"../\">")
                .containsPattern("<script src=\"static/charts.js\\?v=[0-9a-f]{12}\"></script>");
    }

    @Test
    void assetUrlsChangeExactlyWhenAnAssetDoes() {
        byte[] js = "let a = 1;".getBytes(StandardCharsets.UTF_8);
        byte[] css = "a {}".getBytes(StandardCharsets.UTF_8);
        String version = UiPage.assetVersion(List.of(js, css));
        assertThat(version).matches("[0-9a-f]{12}").isEqualTo(UiPage.assetVersion(List.of(js.clone(), css.clone())));
        assertThat(UiPage.assetVersion(List.of("let a = 2;".getBytes(StandardCharsets.UTF_8), css))).isNotEqualTo(version);
        // moving a byte from one asset to the next is a change too
        assertThat(UiPage.assetVersion(List.of("let a = 1".getBytes(StandardCharsets.UTF_8),
                ";a {}".getBytes(StandardCharsets.UTF_8)))).isNotEqualTo(version);
        assertThat(new UiPage("<script src=\"static/x.js?v={{assets}}\">", version).render("containers/", null))
                .isEqualTo("<script src=\"static/x.js?v=" + version + "\">");
    }
}
