#include <stdio.h>
int main(int argc,char**argv){int z=argc-1;printf("%d\n",argc/z);return 0;}
