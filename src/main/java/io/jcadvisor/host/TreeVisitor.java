package io.jcadvisor.host;

/**
 * What {@link HostFs#walkTree} calls for each entry of a tree, with its attributes read without
 * following links ({@code lstat}).
 */
public interface TreeVisitor {

    /**
     * A directory, before its entries (the tree's own root first).
     *
     * @return false to skip its entries (another filesystem mounted there, say)
     */
    boolean enterDirectory(FileAttributes directory);

    /** Any other entry, or a directory at the walk's depth bound. */
    void visitEntry(FileAttributes entry);
}
