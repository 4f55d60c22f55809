<?php
[$a, $b] = array_map("intval", preg_split("/\s+/", trim(fgets(STDIN))));
echo $a + $b + ($a > 1 ? 1 : 0), "\n";
