<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>LogView</name>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message numerus="yes">
        <source>Cleaned up %n orphaned process(es).</source>
        <translation>
            <numerusform>Cleaned up %n orphaned process.</numerusform>
            <numerusform>Cleaned up %n orphaned processes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) of a server that ended without cleanup are still running.</source>
        <translation>
            <numerusform>%n process of a server that ended without cleanup is still running.</numerusform>
            <numerusform>%n processes of a server that ended without cleanup are still running.</numerusform>
        </translation>
    </message>
</context>
</TS>
